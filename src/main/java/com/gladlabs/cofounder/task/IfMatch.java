package com.gladlabs.cofounder.task;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.gladlabs.cofounder.common.problem.ProblemException;

/**
 * An {@code If-Match} precondition over a task's version (its ETag is {@code "version"}). Absent,
 * it lets every write through; {@code *} matches any existing task; otherwise one of its strong
 * tags must be the current version, or the write answers 412 and changes nothing.
 */
public record IfMatch(boolean any, List<Long> versions) {

    public static final IfMatch NONE = new IfMatch(true, List.of());

    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*(,|$)");

    public static IfMatch parse(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return NONE;
        }
        String value = String.join(",", headers).trim();
        if (value.equals("*")) {
            return NONE;
        }
        List<Long> versions = new ArrayList<>();
        Matcher matcher = TAG.matcher(value);
        int position = 0;
        while (position < value.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw ProblemException.badRequest("If-Match", "must be * or a list of entity tags such as \"3\"");
            }
            // A weak tag never matches in If-Match (RFC 9110, strong comparison).
            if (matcher.group(1) == null && matcher.group(2).matches("\\d{1,18}")) {
                versions.add(Long.parseLong(matcher.group(2)));
            }
            position = matcher.end();
        }
        if (versions.isEmpty() && value.isEmpty()) {
            throw ProblemException.badRequest("If-Match", "must not be empty");
        }
        return new IfMatch(false, List.copyOf(versions));
    }

    void check(long current) {
        if (!any && !versions.contains(current)) {
            throw ProblemException.preconditionFailed("If-Match does not match the current version \"" + current
                    + "\" of the task: it was changed since it was read");
        }
    }
}
