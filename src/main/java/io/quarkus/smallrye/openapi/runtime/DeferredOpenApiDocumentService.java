package io.quarkus.smallrye.openapi.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Quarkus' OpenAPI document service, with each document prepared when it is first asked for
 * instead of while the application starts (cofounder-agent, issues 15 and 16).
 *
 * <p>Quarkus' recorder prepares every document at start: it parses the document the build stored
 * and runs the startup filters. That was the largest step of a native start after building the
 * configuration (44 ms with Quarkus' step timings on), and 130-260 ms of a JVM start (128-146 ms
 * with the AOT cache) (bench/README, "Issues 15 and 16: the fixed stack alone"), for a document that tools fetch
 * now and then. This subclass keeps what the recorder hands over and runs the same preparation, with
 * the same arguments, at the first {@link #getDocument} of that document (on the worker thread of
 * Quarkus' blocking route), once; callers that come meanwhile wait for it. The document served is
 * the same (OperationsTest, DeferredOpenApiDocumentIT).
 *
 * <p>It lives in Quarkus' package because {@code prepareDocument} and the injected {@code config} are
 * package-private, so it works only where this class and Quarkus' share a runtime package: in the
 * packaged application (jar or native executable), which is what the prod profile builds. Dev and
 * test mode keep the application apart from the libraries in their class loaders; there it is not a
 * bean, and Quarkus prepares the document at start as before. If a Quarkus upgrade renames the
 * method, Quarkus prepares at start again and DeferredOpenApiDocumentIT fails.
 */
@IfBuildProfile("prod")
@Unremovable // looked up by Quarkus' recorder and handler, injected nowhere
@Alternative
@Priority(1)
@ApplicationScoped
public class DeferredOpenApiDocumentService extends OpenApiDocumentService {

    private static final Logger LOG = Logger.getLogger(DeferredOpenApiDocumentService.class);

    /** Guarded by itself; read without the lock only through {@link #allPrepared}. */
    private final Map<String, Runnable> pending = new LinkedHashMap<>();
    private volatile boolean allPrepared = true;

    @Override
    void prepareDocument(AutoSecurityFilter autoSecurityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
        synchronized (pending) {
            pending.put(documentName, () -> super.prepareDocument(autoSecurityFilter, filters, documentName));
            allPrepared = false;
        }
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        if (!allPrepared) {
            synchronized (pending) {
                Runnable prepare = pending.get(documentName);
                if (prepare != null) {
                    long start = System.nanoTime();
                    prepare.run(); // if it fails, this request fails and the next one tries again
                    pending.remove(documentName);
                    LOG.debugf("OpenAPI document %s prepared at its first request, in %d ms", documentName,
                            (System.nanoTime() - start) / 1_000_000);
                }
                allPrepared = pending.isEmpty();
            }
        }
        return super.getDocument(documentName, format);
    }
}
