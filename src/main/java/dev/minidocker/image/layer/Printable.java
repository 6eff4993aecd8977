package dev.minidocker.image.layer;

/**
 * Names from a layer as they may appear in a message: control characters (NUL, newline, escape
 * sequences a terminal would act on) become {@code \xNN}, so that a hostile entry name cannot
 * cut a message short, split it into fake log lines, or drive the terminal that prints it.
 */
final class Printable {
    private Printable() {}

    static String of(String text) {
        if (text == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
            if (control) out.append(String.format("\\x%02x", (int) c));
            else if (out != null) out.append(c);
        }
        return out == null ? text : out.toString();
    }
}
