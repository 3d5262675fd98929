package com.gladlabs.cofounder.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;
import com.gladlabs.cofounder.PackagedApp.Run;
import com.gladlabs.cofounder.PackagedAppDatabase;

/**
 * The packaged application picks its content generator by name at start (only that one is made): a
 * name no generator carries stops the start with exit 1, naming it and the names there are, whether
 * or not this replica runs the worker.
 */
class GeneratorSettingIT {

    @Test
    void anUnknownGeneratorNameStopsTheStartNamingIt() throws Exception {
        for (String worker : new String[] { "true", "false" }) {
            Map<String, String> settings = new HashMap<>(new PackagedAppDatabase().start());
            settings.put("cofounder.content.generator", "gpt");
            settings.put("cofounder.worker.enabled", worker);
            Run run = PackagedApp.runUntilListeningOrExit("generator-setting-it", settings,
                    name -> name.startsWith("COFOUNDER_CONTENT") || name.startsWith("COFOUNDER_WORKER"));
            assertThat(run.exited()).as("worker " + worker + ": " + run.output()).isTrue();
            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("Unknown cofounder.content.generator 'gpt': use template or openai");
        }
    }
}
