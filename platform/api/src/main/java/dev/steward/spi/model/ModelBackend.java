package dev.steward.spi.model;

import dev.steward.api.model.BackendDescriptor;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import org.osgi.annotation.versioning.ConsumerType;

/** A plugin that serves chat and embedding requests with one provider's models; registered as an OSGi service. */
@ConsumerType
public interface ModelBackend {

    /**
     * Describes the backend; called often, so it returns a constant.
     *
     * @return the descriptor, never {@code null}
     */
    BackendDescriptor descriptor();

    /**
     * Answers a chat request within its timeout.
     *
     * @param request the request
     * @return the response, never {@code null}
     * @throws Exception when the model cannot answer; the platform may try another backend
     */
    ChatResponse chat(ChatRequest request) throws Exception;

    /**
     * Embeds the texts of a request.
     *
     * @param request the request
     * @return one embedding per text, in order
     * @throws Exception when the model cannot embed them
     */
    EmbeddingResponse embed(EmbeddingRequest request) throws Exception;
}
