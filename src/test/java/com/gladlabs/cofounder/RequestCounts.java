package com.gladlabs.cofounder;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Request counts read from the Prometheus text of {@code /q/metrics} ({@code http_server_requests_seconds_count}). */
public final class RequestCounts {

    // The tags up to the last brace on the line: a URI template has braces of its own.
    private static final Pattern SERIES = Pattern.compile("(?m)^http_server_requests_seconds_count\\{(.*)\\} (\\S+)$");

    private RequestCounts() {
    }

    /** Requests counted with this method, status and URI template, over every series (0 before the first). */
    public static double of(String metrics, String method, String status, String uri) {
        double total = 0;
        Matcher series = SERIES.matcher(metrics);
        while (series.find()) {
            String tags = series.group(1);
            if (tags.contains("method=\"" + method + "\"") && tags.contains("status=\"" + status + "\"")
                    && tags.contains("uri=\"" + uri + "\"")) {
                total += Double.parseDouble(series.group(2));
            }
        }
        return total;
    }
}
