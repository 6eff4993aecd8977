package dev.minidocker.runtime.container;

import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;

/**
 * {@code create} of a container that a supervisor can start (and start again): the record and dirs
 * as {@code run} makes them, plus the stored stage-2 spec. Needs no supervisor, so the CLI creates
 * locally (pull progress on its own terminal) and asks the daemon only to start.
 */
public final class StartableContainers {
    private StartableContainers() {}

    public static ContainerRecord create(ContainerStore store, ContainerCreate creator, RunPlan plan) {
        ContainerCreate.Created created = creator.create(plan);
        try {
            new StoredSpec(created.spec(), plan.limits()).save(store.containerDir(plan.id()));
        } catch (RuntimeException e) {
            store.remove(plan.id());
            throw e;
        }
        return created.record();
    }
}
