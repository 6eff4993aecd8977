package dev.minidocker.runtime.container;

import dev.minidocker.state.ContainerState;
import java.util.function.UnaryOperator;

/** Marks a container as stopped by the user, before any signal: its restart policy then leaves it down. */
enum ManuallyStopped implements UnaryOperator<ContainerState> {
    INSTANCE;

    @Override
    public ContainerState apply(ContainerState s) {
        return s.withManuallyStopped(true);
    }
}
