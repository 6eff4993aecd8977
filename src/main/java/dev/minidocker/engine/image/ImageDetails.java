package dev.minidocker.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What {@code image inspect} shows of one image (the CLI and the Engine API each in their shape).
 *
 * @param repoTags       familiar "name:tag" of every tag of this image id
 * @param repoDigests    familiar "name@sha256:..." of the manifests it was pulled by
 * @param author         null when the config names none
 * @param variant        null when the config names none
 * @param config         the image config's container defaults as JSON (Docker's "Config"), or null
 * @param rootfsType     "layers"
 * @param layers         the DiffIDs, bottom first
 * @param manifestDigest the manifest it was pulled or loaded with, or null
 */
public record ImageDetails(String id, List<String> repoTags, List<String> repoDigests, String created, String author,
                           String architecture, String variant, String os, JsonNode config, String rootfsType,
                           List<String> layers, long size, String manifestDigest) {}
