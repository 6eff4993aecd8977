package dev.minidocker.image.dockerfile;

import java.util.List;

/**
 * A whole Dockerfile, parsed: the ARGs before the first FROM (usable in FROM lines only) and the
 * build stages in order.
 *
 * @param escape  the escape character ({@code # escape=} directive, else '\\')
 * @param metaArgs ARG instructions before the first FROM
 * @param stages  one per FROM
 */
public record Dockerfile(char escape, List<Line> metaArgs, List<Stage> stages) {
    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
    }

    /** One instruction with the line it starts on (1-based), for messages. */
    public record Line(int number, Instruction instruction) {}

    /**
     * A build stage.
     *
     * @param index the stage's position (COPY --from=0 names the first)
     * @param name  the {@code AS name}, lower-cased, or null
     * @param from  the FROM line
     * @param steps the instructions after it
     */
    public record Stage(int index, String name, Line from, List<Line> steps) {
        public Stage {
            steps = List.copyOf(steps);
        }
    }

    /** Every instruction of every stage, counted as docker's "Step N/M" counts them. */
    public int stepCount() {
        int n = 0;
        for (Stage s : stages) n += 1 + s.steps().size();
        return n;
    }

    /** The stage called {@code nameOrIndex} (a name, or its number), or null. */
    public Stage stage(String nameOrIndex) {
        for (Stage s : stages) {
            if (nameOrIndex.equalsIgnoreCase(s.name())) return s;
        }
        if (nameOrIndex.matches("[0-9]+")) {
            int i = Integer.parseInt(nameOrIndex);
            if (i < stages.size()) return stages.get(i);
        }
        return null;
    }
}
