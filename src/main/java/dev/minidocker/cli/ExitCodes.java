package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Docker's exit codes. 125: mini-docker itself failed (bad flag, bad image, a syscall error);
 * 126: the container's command cannot be invoked; 127: it was not found; anything else is the
 * container's own status (128+N when a signal N killed it). This is the only place where
 * exceptions become exit codes.
 */
public final class ExitCodes {
    /** A verb over several objects (rm a b c) where some failed; each failure was printed. */
    public static final int PARTIAL_FAILURE = 1;
    public static final int TOOL_ERROR = 125;
    public static final int CANNOT_INVOKE = 126;
    public static final int NOT_FOUND = 127;

    private ExitCodes() {}

    /** The code for a failure: the runtime's "cannot exec" errors are 126/127, the rest 125. */
    static int forException(Throwable t) {
        if (t instanceof dev.minidocker.runtime.CommandNotFoundException) return NOT_FOUND;
        if (t instanceof dev.minidocker.runtime.CommandNotExecutableException) return CANNOT_INVOKE;
        return TOOL_ERROR;
    }

    /**
     * Docker's verbs over several objects (rm a b c, stop, rmi): each object's output lines are
     * printed, a failure is printed on its own line and the others are still done; exit 1 if any failed.
     */
    static int forEach(List<String> names, Function<String, List<String>> action) {
        boolean failed = false;
        for (String name : names) {
            try {
                action.apply(name).forEach(System.out::println);
            } catch (MiniDockerException | UncheckedIOException e) {
                System.out.flush();
                System.err.println("mini-docker: " + oneLine(e));
                failed = true;
            }
        }
        System.out.flush();
        return failed ? PARTIAL_FAILURE : 0;
    }

    static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        return report(e, parsed != null && parsed.hasMatchedOption("--debug"), cmd.getErr());
    }

    /** Prints a verb's failure (with the stack trace when asked for or unexpected); its exit code. */
    static int report(Exception e, boolean debug, java.io.PrintWriter err) {
        if (debug || !(e instanceof MiniDockerException || e instanceof java.io.IOException)) {
            e.printStackTrace(err);
        }
        err.println("mini-docker: " + oneLine(e));
        err.flush();
        return forException(e);
    }

    static int handleParameterException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("mini-docker: " + e.getMessage());
        cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        cmd.getErr().flush();
        return TOOL_ERROR;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }
}
