package dev.minidocker.cli;

/** The global options of a verb that sits both at the top and under a management verb (tag, image tag). */
final class ParentGlobals {
    private ParentGlobals() {
    }

    static GlobalOptions of(Object parent) {
        if (parent instanceof Main m) return m.global;
        if (parent instanceof ImageCommand i) return i.main.global;
        if (parent instanceof ContainerCommand c) return c.main.global;
        throw new IllegalStateException("unexpected parent command " + parent);
    }
}
