package com.gladlabs.cofounder.common.web;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.gladlabs.cofounder.TasksTable;

/** What the admission gate's tests share: tasks written directly, a row held locked, a metric's value. */
public final class GateFixtures {

    private GateFixtures() {
    }

    public static UUID task(String title) {
        UUID id = UUID.randomUUID();
        TasksTable.get().execute("INSERT INTO tasks (id, title) VALUES ($1, $2)", id, title);
        return id;
    }

    /** A transaction holding the task's row locked until it is rolled back or closed. */
    public static Connection lockRow(UUID id) throws Exception {
        Connection lock = TasksTable.get().connection();
        lock.setAutoCommit(false);
        lock.createStatement().execute("SELECT id FROM tasks WHERE id = '" + id + "' FOR UPDATE");
        return lock;
    }

    /** The first value of a metric in /q/metrics, whatever its tags. */
    public static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError(name + " not in /q/metrics");
        }
        return Double.parseDouble(m.group(1));
    }
}
