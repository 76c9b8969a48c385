package com.example.app;

import static com.example.shop.db.Tables.PRODUCTS;

import java.util.List;

import org.jooq.DSLContext;

/** Another module's code, compiled against the classes the db module generates. */
public final class Catalog {

    private final DSLContext db;

    public Catalog(DSLContext db) {
        this.db = db;
    }

    public List<String> names() {
        return db.select(PRODUCTS.NAME).from(PRODUCTS).orderBy(PRODUCTS.NAME).fetch(PRODUCTS.NAME);
    }
}
