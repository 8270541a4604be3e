package dev.steward.memory.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.steward.api.memory.ContextBundle;
import dev.steward.api.memory.ContextRequest;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Memory;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.WorkingMemory;

/**
 * The {@link Memory} service: the three tiers behind one entry, and the context bundle assembled from them. It needs
 * all three, so it is registered only while a working memory, a session history and a knowledge bank are.
 */
@Component(service = Memory.class)
public final class TieredMemory implements Memory {

    private final WorkingMemory working;
    private final SessionHistory sessions;
    private final KnowledgeBank knowledge;
    private final ContextAssembler assembler;

    @Activate
    public TieredMemory(@Reference(name = "working") WorkingMemory working,
            @Reference(name = "sessions") SessionHistory sessions, @Reference(name = "knowledge") KnowledgeBank knowledge) {
        this.working = working;
        this.sessions = sessions;
        this.knowledge = knowledge;
        this.assembler = new ContextAssembler(working, sessions, knowledge);
    }

    @Override
    public WorkingMemory working() {
        return working;
    }

    @Override
    public SessionHistory sessions() {
        return sessions;
    }

    @Override
    public KnowledgeBank knowledge() {
        return knowledge;
    }

    @Override
    public ContextBundle context(ContextRequest request) {
        return assembler.assemble(request);
    }
}
