package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.cli.options.InvalidFlagValueException;
import dev.minidocker.engine.ExitStatus;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Docker's exit codes. {@code run}: 125 when mini-docker itself failed (bad flag, bad image, a
 * syscall error), 126 when the container's command cannot be invoked, 127 when it was not found,
 * else the container's own status (128+N when a signal N killed it). Every other verb fails with 1,
 * as the docker CLI exits 1 for any error but a flag error (125 everywhere) and run's own, and a
 * wrong number of arguments is such an error too, for run as well ({@code docker run} alone: 1).
 * This is the only place where exceptions become exit codes.
 */
public final class ExitCodes {
    /** A verb over several objects (rm a b c) where some failed; each failure was printed. */
    public static final int PARTIAL_FAILURE = 1;
    /** Docker's code for a failed verb that is not run's: ps, inspect, stop, pull, network rm, ... */
    public static final int VERB_FAILED = 1;
    public static final int TOOL_ERROR = ExitStatus.TOOL_ERROR;
    public static final int CANNOT_INVOKE = ExitStatus.CANNOT_INVOKE;
    public static final int NOT_FOUND = ExitStatus.NOT_FOUND;

    private ExitCodes() {}

    /** The verbs whose own failure is {@link #TOOL_ERROR}, as docker run's: every other verb fails with {@link #VERB_FAILED}. */
    private static final Set<Class<?>> RUN_VERBS = Set.of(RunCommand.class, RunCommandCommand.class);

    /**
     * The code {@code command}'s failure {@code e} exits with: {@link #forException}'s, where its
     * 125 stays for run and for a flag's bad value (a flag error, 125 for every verb), is 126 for an
     * exec whose process could not start (Docker's exec reports it so: the daemon's exec inspect
     * here too), and is 1 for everything else.
     */
    static int failureCode(Object command, Throwable e) {
        int code = forException(e);
        if (code != TOOL_ERROR || e instanceof InvalidFlagValueException) return code;
        if (command instanceof ExecCommand && ExitStatus.isStartFailure(e)) return CANNOT_INVOKE;
        return command != null && RUN_VERBS.contains(command.getClass()) ? TOOL_ERROR : VERB_FAILED;
    }

    /**
     * The code for a failure: a wrong number of arguments 1, the container command's "cannot exec"
     * errors 126/127, the rest 125 (ExitStatus), which a verb other than run turns into 1.
     */
    static int forException(Throwable t) {
        return t instanceof ArgumentCountException ? VERB_FAILED : ExitStatus.of(t);
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

    /**
     * As {@link #forEach}, with every object's action on its own thread at once, as Docker stops
     * several containers in parallel (three stops of 10 s each take 10 s, not 30). Output in the
     * order given.
     */
    static int forEachInParallel(List<String> names, Function<String, List<String>> action) {
        List<java.util.concurrent.CompletableFuture<List<String>>> results = new java.util.ArrayList<>();
        for (String name : names) {
            java.util.concurrent.CompletableFuture<List<String>> result = new java.util.concurrent.CompletableFuture<>();
            Thread.ofPlatform().daemon().name("minidocker-each").start(new Runnable() {
                @Override
                public void run() {
                    try {
                        result.complete(action.apply(name));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                }
            });
            results.add(result);
        }
        boolean failed = false;
        for (java.util.concurrent.CompletableFuture<List<String>> result : results) {
            try {
                result.join().forEach(System.out::println);
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof MiniDockerException || cause instanceof UncheckedIOException)) {
                    if (cause instanceof RuntimeException r) throw r;
                    throw e;
                }
                System.out.flush();
                System.err.println("mini-docker: " + oneLine(cause));
                failed = true;
            }
        }
        System.out.flush();
        return failed ? PARTIAL_FAILURE : 0;
    }

    static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        int code = report(e, parsed != null && parsed.hasMatchedOption("--debug"), cmd.getErr());
        return failureCode(cmd.getCommandSpec().userObject(), e);
    }

    /** {@link #report} to stderr: the fast paths run without picocli and its streams. */
    static int reportToStderr(Exception e, boolean debug) {
        return report(e, debug, new java.io.PrintWriter(
                new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset()), true));
    }

    /** A fast path's failure of a verb that fails with {@link #VERB_FAILED} (pull, push, build), as picocli's execute() maps it. */
    static int reportVerbFailure(Exception e, boolean debug) {
        reportToStderr(e, debug);
        return failureCode(null, e);
    }

    /**
     * Prints a verb's failure (with the stack trace when asked for or unexpected); its exit code.
     * An I/O failure (a full disk, a file name too long, also wrapped as UncheckedIOException or
     * FileSystemException) is the environment's, not a bug: one line, as for our own errors.
     */
    static int report(Exception e, boolean debug, java.io.PrintWriter err) {
        if (debug || !(e instanceof MiniDockerException || e instanceof java.io.IOException
                || e instanceof UncheckedIOException)) {
            e.printStackTrace(err);
        }
        err.println("mini-docker: " + oneLine(e));
        err.flush();
        return forException(e);
    }

    /**
     * A command line picocli could not parse. Docker: a bad flag is 125 for every verb; a wrong
     * number of arguments ("requires exactly 1 argument") is an ordinary error: 1, for run too.
     */
    static int handleParameterException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("mini-docker: " + e.getMessage());
        cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        cmd.getErr().flush();
        boolean argumentCount = e instanceof CommandLine.MissingParameterException
                || e instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption();
        return argumentCount ? VERB_FAILED : TOOL_ERROR;
    }

    static String oneLine(Throwable e) {
        return ExitStatus.oneLine(e);
    }
}
