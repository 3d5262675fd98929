package com.gladlabs.cofounder.common.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.gladlabs.cofounder.common.problem.ProblemException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * A JSON body must be well-formed UTF-8 (RFC 8259). Jackson decodes some malformed sequences instead
 * of refusing them: the overlong {@code C0 AF} becomes {@code /}, which would let a filter be bypassed
 * and store text the caller never wrote. Every JSON body is checked with the JDK's strict decoder
 * before it is parsed; a body that is not UTF-8 answers 400.
 */
@Provider
public class StrictUtf8 implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            byte[] body = context.getInputStream().readAllBytes();
            if (!wellFormed(body)) {
                throw ProblemException.badRequest("body", "is not well-formed UTF-8");
            }
            context.setInputStream(new ByteArrayInputStream(body));
        }
        return context.proceed();
    }

    static boolean wellFormed(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) { // not all ASCII: let the strict decoder judge
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
