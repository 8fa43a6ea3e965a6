// Exposes the rule files and the HTTP API description (docs/openapi.yaml) embedded at build time (see Plugins/EmbedRules); the generated sources hold the data.
