// Exposes the rule files embedded at build time (see Plugins/EmbedRules); the generated source holds the data.
