package io.leakgate.source.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image's config, rendered as Dockerfile text so the Dockerfile rules apply to it: {@code Env}
 * as {@code ENV} lines, {@code Labels} as {@code LABEL} lines, and {@code history[].created_by}
 * as the instructions that built the image, with the build arguments a {@code RUN} saw
 * ({@code |2 A=1 B=2 /bin/sh -c …}) written out as {@code ARG} lines.
 */
final class ImageConfig {
    private static final Pattern NOP = Pattern.compile("^/bin/sh -c #\\(nop\\)\\s*");
    private static final Pattern SHELL = Pattern.compile("^/bin/(?:ba)?sh -c\\s+");
    private static final Pattern ARGS = Pattern.compile("^\\|(\\d{1,4})\\s+");
    private static final Pattern BUILDKIT = Pattern.compile("\\s*# buildkit\\s*$");

    /** One step of the build; {@code layer} is the index of the layer it made, or -1. */
    record Step(String createdBy, int layer) {
    }

    final String env;
    final String labels;
    final String history;
    /** For each line of {@link #history} (0-based), the step it came from. */
    final int[] historyLineStep;
    final List<Step> steps;
    final List<String> diffIds;

    ImageConfig(JsonNode root) {
        JsonNode cfg = root.has("config") ? root.path("config") : root.path("Config");
        StringBuilder e = new StringBuilder();
        for (JsonNode v : cfg.path("Env")) {
            String s = v.asText();
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq);
            String value = eq < 0 ? "" : s.substring(eq + 1);
            e.append("ENV ").append(key).append('=').append(quoteIfNeeded(value)).append('\n');
        }
        env = e.toString();
        StringBuilder l = new StringBuilder();
        for (Map.Entry<String, JsonNode> label : cfg.path("Labels").properties()) {
            l.append("LABEL ").append(label.getKey()).append('=').append(quoteIfNeeded(label.getValue().asText()))
                    .append('\n');
        }
        labels = l.toString();
        diffIds = new ArrayList<>();
        for (JsonNode d : root.path("rootfs").path("diff_ids")) {
            diffIds.add(d.asText());
        }
        steps = new ArrayList<>();
        StringBuilder h = new StringBuilder();
        List<Integer> lineStep = new ArrayList<>();
        int layer = 0;
        for (JsonNode step : root.path("history")) {
            boolean empty = step.path("empty_layer").asBoolean(false);
            String createdBy = step.path("created_by").asText("");
            steps.add(new Step(createdBy, empty ? -1 : layer));
            if (!empty) {
                layer++;
            }
            for (String line : instructions(createdBy)) {
                h.append(line).append('\n');
                lineStep.add(steps.size() - 1);
                for (int i = 0; i < line.length(); i++) {
                    if (line.charAt(i) == '\n') {
                        lineStep.add(steps.size() - 1);
                    }
                }
            }
        }
        history = h.toString();
        historyLineStep = lineStep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The step that made layer {@code index}, or null when the history does not say. */
    Step stepOfLayer(int index) {
        for (Step s : steps) {
            if (s.layer() == index) {
                return s;
            }
        }
        return null;
    }

    /** The Dockerfile lines a history entry stands for. */
    static List<String> instructions(String createdBy) {
        List<String> out = new ArrayList<>();
        String s = BUILDKIT.matcher(createdBy.strip()).replaceFirst("");
        Matcher nop = NOP.matcher(s);
        if (nop.find()) {
            out.add(s.substring(nop.end()));
            return out;
        }
        if (s.startsWith("RUN ")) {
            s = s.substring(4).strip();
        } else if (!s.startsWith("|") && !SHELL.matcher(s).find()) {
            out.add(s);
            return out;
        }
        Matcher args = ARGS.matcher(s);
        if (args.find()) {
            int n = Integer.parseInt(args.group(1));
            String rest = s.substring(args.end());
            for (int i = 0; i < n && !rest.isEmpty(); i++) {
                int space = rest.indexOf(' ');
                String pair = space < 0 ? rest : rest.substring(0, space);
                out.add("ARG " + pair);
                rest = space < 0 ? "" : rest.substring(space + 1).stripLeading();
            }
            s = rest;
        }
        Matcher shell = SHELL.matcher(s);
        out.add("RUN " + (shell.find() ? s.substring(shell.end()) : s));
        return out;
    }

    private static String quoteIfNeeded(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                return "\"" + value + "\"";
            }
        }
        return value;
    }
}
