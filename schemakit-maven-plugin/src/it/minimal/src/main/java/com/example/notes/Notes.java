package com.example.notes;

import static com.example.notes.db.Tables.NOTES;

import org.jooq.DSLContext;

/** Compiles only against the generated classes. */
public final class Notes {

    private final DSLContext db;

    public Notes(DSLContext db) {
        this.db = db;
    }

    public long add(String body) {
        return db.insertInto(NOTES).set(NOTES.BODY, body).returning(NOTES.ID).fetchSingle(NOTES.ID);
    }
}
