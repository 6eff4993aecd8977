package dev.minidocker.cli.options;

/** Every option of {@code daemon} (which has a picocli-free fast path too) and where its value lands. */
public enum DaemonOption implements OptionDef {
    HOST(Arity.VALUE, ValueType.TEXT, "unix:///PATH",
            "UNIX socket to listen on (default: /run/minidocker.sock for the default root, else ROOT/minidocker.sock).",
            null, "-H", "--host"),
    TCP(Arity.VALUE, ValueType.TEXT, "127.0.0.1:PORT",
            "Also listen on this loopback TCP address (never on other addresses; no TLS).", null, "--tcp"),
    GROUP(Arity.VALUE, ValueType.TEXT, "GROUP",
            "Group that may use the socket (mode 0660; default: root when run as root).", null, "--group");

    /** What {@code daemon} was asked for (null: the default). */
    public static final class Args {
        public String host;
        public String tcp;
        public String group;
    }

    private final Spec spec;

    DaemonOption(Arity arity, ValueType type, String label, String description, String defaultValue, String... names) {
        this.spec = new Spec(arity, type, label, description, defaultValue, names);
    }

    @Override public Spec spec() { return spec; }

    public void apply(Args a, String value) {
        switch (this) {
            case HOST -> a.host = value;
            case TCP -> a.tcp = value;
            case GROUP -> a.group = value;
        }
    }
}
