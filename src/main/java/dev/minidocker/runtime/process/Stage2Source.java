package dev.minidocker.runtime.process;

import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.function.IntFunction;

/**
 * Where a container's stage 2 comes from: spawned for it, now or while the caller still plans
 * ({@link SpawningStage2Source}), or claimed from the daemon's {@link Stage2Pool}
 * ({@link PooledStage2Source}). ContainerStart takes one, places it in the container's cgroup and
 * releases it; the rest of a start does not depend on where it came from.
 */
public interface Stage2Source {

    /** A waiting stage 2 taken for a container (a {@link WaitingStage2}, and the stdio it gets with its spec). */
    interface Taken {
        /** See {@link WaitingStage2#release(ContainerSpec, IntFunction, Stdio)}. */
        RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place);
    }

    /** A stage 2 for {@code spec}; may spawn one. Throws if the container must not start. */
    Taken take(ContainerSpec spec);

    /**
     * After the release of what {@link #take} gave, whether it started ({@code init}) or failed
     * (null). Always called once per take.
     */
    default void released(ContainerSpec spec, RunningContainer init) {}

    /**
     * A hint, before the spec exists, of the container {@link #take} will be asked for: a source
     * may begin the slow part (stage 2's JVM start-up) now. Never throws; a mismatch or failure
     * only means take() spawns from scratch.
     */
    default void prepare(boolean tty, boolean interactive, String network) {}

    /** Undoes {@link #prepare} if take() did not use what it made (a planning error, say). */
    default void discardPrepared() {}
}
