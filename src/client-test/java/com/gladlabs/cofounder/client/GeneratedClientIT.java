package com.gladlabs.cofounder.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedAppDatabase;
import com.gladlabs.cofounder.Tokens;
import com.gladlabs.cofounder.client.api.ContentApi;
import com.gladlabs.cofounder.client.api.PostsApi;
import com.gladlabs.cofounder.client.api.TasksApi;
import com.gladlabs.cofounder.client.model.Approval;
import com.gladlabs.cofounder.client.model.ApprovalOutcome;
import com.gladlabs.cofounder.client.model.ApprovalStatus;
import com.gladlabs.cofounder.client.model.ContentStyle;
import com.gladlabs.cofounder.client.model.ContentTask;
import com.gladlabs.cofounder.client.model.ContentTaskType;
import com.gladlabs.cofounder.client.model.CreatedContentTask;
import com.gladlabs.cofounder.client.model.NewContentTask;
import com.gladlabs.cofounder.client.model.NewTask;
import com.gladlabs.cofounder.client.model.PublishMode;
import com.gladlabs.cofounder.client.model.TaskPage;
import com.gladlabs.cofounder.client.model.TaskPatch;
import com.gladlabs.cofounder.client.model.TaskPriority;
import com.gladlabs.cofounder.client.model.TaskStats;
import com.gladlabs.cofounder.client.model.TaskStatus;
import com.gladlabs.cofounder.client.model.TaskType;
import com.gladlabs.cofounder.client.model.TaskView;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The client a REST caller generates from the document the build exported
 * (target/openapi/openapi.json → openapi-generator, Java native client), driving the packaged
 * application with authentication on and the content worker running, against a real database:
 * if the document and the service disagree on a name, a type, a nullability or a status, a call
 * here fails.
 */
@QuarkusIntegrationTest
@WithTestResource(GeneratedClientIT.WorkingApp.class)
class GeneratedClientIT {

    /** The packaged application of the integration tests, with its content worker on. */
    public static class WorkingApp extends PackagedAppDatabase {
        @Override
        public Map<String, String> start() {
            Map<String, String> settings = new HashMap<>(super.start());
            settings.put("cofounder.worker.enabled", "true");
            settings.put("cofounder.worker.poll-interval", "200ms");
            return settings;
        }
    }

    @TestHTTPResource("/")
    URL base;

    TasksApi tasks;
    ContentApi content;
    PostsApi posts;

    @BeforeEach
    void client() {
        String token = "Bearer " + Tokens.allRoles();
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", token));
        tasks = new TasksApi(client);
        content = new ContentApi(client);
        posts = new PostsApi(client);
    }

    @Test
    void createGetConditionalPatchAndDelete() throws ApiException {
        String key = "client-" + UUID.randomUUID();
        NewTask request = new NewTask().title("Generated client").type(TaskType.GENERAL).priority(TaskPriority.HIGH)
                .addTagsItem("client").putMetadataItem("source", "openapi");
        var created = tasks.createTaskWithHttpInfo(request, key);
        assertThat(created.getStatusCode()).isEqualTo(201);
        TaskView task = created.getData();
        assertThat(task.getTitle()).isEqualTo("Generated client");
        assertThat(task.getType()).isEqualTo(TaskType.GENERAL);
        assertThat(task.getPriority()).isEqualTo(TaskPriority.HIGH);
        assertThat(task.getStatus()).isEqualTo(TaskStatus.PENDING);
        assertThat(task.getTags()).containsExactly("client");
        assertThat(task.getMetadata()).containsEntry("source", "openapi");
        assertThat(task.getDescription()).isNull();
        assertThat(task.getCreatedAt()).isNotNull();
        assertThat(created.getHeaders()).containsKey("location");

        var replayed = tasks.createTaskWithHttpInfo(request, key);
        assertThat(replayed.getStatusCode()).isEqualTo(200);
        assertThat(replayed.getData().getId()).isEqualTo(task.getId());

        var read = tasks.getTaskWithHttpInfo(task.getId(), null);
        String etag = read.getHeaders().get("etag").get(0);
        assertThat(read.getData()).isEqualTo(task);
        assertThatThrownBy(() -> tasks.getTask(task.getId(), etag))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(304));

        TaskPatch start = new TaskPatch().status(TaskStatus.IN_PROGRESS).progress(10).description("under way");
        assertThatThrownBy(() -> tasks.patchTask(task.getId(), start, "\"41\""))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(412);
                    assertThat(e.getResponseBody()).contains("\"status\":412");
                });
        TaskView started = tasks.patchTask(task.getId(), start, etag);
        assertThat(started.getStatus()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(started.getProgress()).isEqualTo(10);
        assertThat(started.getDescription()).isEqualTo("under way");
        assertThat(started.getVersion()).isEqualTo(task.getVersion() + 1);
        assertThat(started.getStartedAt()).isNotNull();

        assertThatThrownBy(() -> tasks.deleteTask(task.getId(), etag))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(412));
        tasks.deleteTask(task.getId(), "\"" + started.getVersion() + "\"");
        assertThatThrownBy(() -> tasks.getTask(task.getId(), null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseHeaders().firstValue("content-type")).hasValue("application/problem+json");
                });
    }

    @Test
    void listWithFiltersAndACursorAndStats() throws ApiException {
        String tag = "page-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(tasks.createTask(new NewTask().title("listed " + i).addTagsItem(tag).priority(TaskPriority.LOW), null)
                    .getId());
        }
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TaskPage page = tasks.listTasks(2, null, "pending", null, null, TaskPriority.LOW, null, tag, null,
                    "-created_at", cursor, false);
            assertThat(page.getTotal()).isNull();
            assertThat(page.getLimit()).isEqualTo(2);
            page.getTasks().forEach(t -> seen.add(t.getId()));
            cursor = page.getNextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        List<UUID> newestFirst = new ArrayList<>(made);
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        TaskPage counted = tasks.listTasks(null, null, null, null, null, null, null, tag, null, null, null, null);
        assertThat(counted.getTotal()).isEqualTo(5L);

        TaskStats stats = tasks.taskStats();
        assertThat(stats.getTotal()).isGreaterThanOrEqualTo(5L);
        assertThat(stats.getByStatus()).containsKey("pending");
    }

    @Test
    void contentIsGeneratedAwaitsApprovalAndIsPublished() throws ApiException {
        String topic = "Generated clients " + UUID.randomUUID().toString().substring(0, 8);
        CreatedContentTask queued = content.createContentTask(new NewContentTask().taskType(ContentTaskType.BLOG_POST)
                .topic(topic).style(ContentStyle.TECHNICAL).targetLength(400).publishMode(PublishMode.DRAFT), null);
        assertThat(queued.getStatus()).isEqualTo(TaskStatus.PENDING);
        assertThat(queued.getPollingUrl()).isEqualTo("/api/content/tasks/" + queued.getTaskId());

        ContentTask done = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> content.getContentTask(queued.getTaskId()), t -> t.getStatus() == TaskStatus.COMPLETED);
        assertThat(done.getApprovalStatus()).isEqualTo(ApprovalStatus.AWAITING_APPROVAL);
        assertThat(done.getResult()).containsKeys("title", "content");
        assertThat(done.getError()).isNull();

        assertThat(tasks.listDrafts(100, 0).getDrafts()).extracting(TaskView::getId).contains(queued.getTaskId());

        ApprovalOutcome outcome = content.approveContentTask(queued.getTaskId(),
                new Approval().approved(true).reviewerId("client-reviewer").humanFeedback("Ship it"));
        assertThat(outcome.getApprovalStatus()).isEqualTo(ApprovalStatus.PUBLISHED);
        assertThat(outcome.getPublishedAt()).isNotNull();
        String slug = outcome.getPublishedUrl().substring("/api/posts/".length());
        assertThat(posts.getPost(slug).getContent()).isNotBlank();

        content.deleteContentTask(queued.getTaskId());
        assertThatThrownBy(() -> content.getContentTask(queued.getTaskId()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }
}
