package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Docker's {"Id": "..."} answer (POST /commit, 201). */
public record IdResponse(@JsonProperty("Id") String id) {}
