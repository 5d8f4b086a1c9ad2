package io.choreo.events.projection;

import java.util.List;

/** A {@link ReadModel} whose names are given once, in its constructor; a subclass says only how it folds. */
public abstract class FoldedReadModel implements ReadModel {

    private final String name;
    private final String table;
    private final String aggregateType;
    private final String keyColumn;
    private final List<String> columns;

    protected FoldedReadModel(String name, String table, String aggregateType, String keyColumn, List<String> columns) {
        this.name = name;
        this.table = table;
        this.aggregateType = aggregateType;
        this.keyColumn = keyColumn;
        this.columns = List.copyOf(columns);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public String aggregateType() {
        return aggregateType;
    }

    @Override
    public String keyColumn() {
        return keyColumn;
    }

    @Override
    public List<String> columns() {
        return columns;
    }
}
