package dev.schemakit.devtools.catalog;

import java.util.Set;

/**
 * The kinds of object, other than tables, that the generator writes DDL for. Each knows the word
 * its {@code COMMENT ON}, {@code GRANT} and {@code ALTER ... OWNER TO} statements use, and the
 * privileges PostgreSQL gives {@code PUBLIC} on a new one.
 */
public enum Kind {
    SCHEMA("schema", "SCHEMA", "SCHEMA"),
    EXTENSION("extension", "EXTENSION", null),
    COLLATION("collation", "COLLATION", null),
    ENUM("enum type", "TYPE", "TYPE", "USAGE"),
    DOMAIN("domain", "DOMAIN", "DOMAIN", "USAGE"),
    COMPOSITE("composite type", "TYPE", "TYPE", "USAGE"),
    SEQUENCE("sequence", "SEQUENCE", "SEQUENCE"),
    FUNCTION("function", "FUNCTION", "FUNCTION", "EXECUTE"),
    PROCEDURE("procedure", "PROCEDURE", "PROCEDURE", "EXECUTE"),
    VIEW("view", "VIEW", "TABLE"),
    MATERIALIZED_VIEW("materialized view", "MATERIALIZED VIEW", "TABLE"),
    INDEX("index", "INDEX", null),
    TRIGGER("trigger", "TRIGGER", null),
    POLICY("policy", "POLICY", null);

    private final String label;
    private final String keyword;
    private final String grantKeyword;
    private final Set<String> publicByDefault;

    Kind(String label, String keyword, String grantKeyword, String... publicByDefault) {
        this.label = label;
        this.keyword = keyword;
        this.grantKeyword = grantKeyword;
        this.publicByDefault = Set.of(publicByDefault);
    }

    /** How messages name the kind: {@code enum type}, {@code materialized view}. */
    public String label() {
        return label;
    }

    /** The SQL word after {@code COMMENT ON}, {@code DROP} and {@code ALTER}. */
    public String keyword() {
        return keyword;
    }

    /** The SQL word after {@code GRANT ... ON}; {@code null} for kinds that take no privileges. */
    public String grantKeyword() {
        return grantKeyword;
    }

    /** The privileges {@code PUBLIC} has on a new object of this kind. */
    public Set<String> publicByDefault() {
        return publicByDefault;
    }

    /** Whether {@code ALTER <keyword> ... OWNER TO} applies. */
    public boolean hasOwner() {
        return this != EXTENSION && this != INDEX && this != TRIGGER && this != POLICY;
    }
}
