package io.pgswap.recipe;

import java.util.List;

/** A change made on the table itself, step by step; every step leaves a valid table (I10). */
public record InPlaceRecipe(String why, List<InPlaceStep> steps) implements Recipe {
    public InPlaceRecipe {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an in-place recipe needs at least one step");
        }
        if (steps.stream().map(InPlaceStep::name).distinct().count() != steps.size()) {
            throw new IllegalArgumentException("step names must be unique: " + steps.stream().map(InPlaceStep::name).toList());
        }
    }

    @Override
    public String kind() {
        return "in-place";
    }

    @Override
    public boolean movesRows() {
        return steps.stream().anyMatch(s -> s.kind() == InPlaceStep.Kind.BACKFILL);
    }
}
