package dev.minidocker.engine.container;

/**
 * One line of a container's output as its json-file log keeps it.
 *
 * @param text   the text with its newline
 * @param stderr whether the container wrote it to stderr
 * @param time   RFC 3339 with nanoseconds, or null
 */
public record LogLine(String text, boolean stderr, String time) {

    /** What logs and attach send: the text, with its time in front when asked for. */
    public String shown(boolean timestamps) {
        return timestamps && time != null ? time + " " + text : text;
    }
}
