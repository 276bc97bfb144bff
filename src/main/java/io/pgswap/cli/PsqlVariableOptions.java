package io.pgswap.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** psql's -v for lint and apply: the variables a file written for psql uses (:name, :'name', :"name"). */
final class PsqlVariableOptions {
    @Option(names = "--set", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "Set a psql variable for the file, as psql -v NAME=VALUE would: :NAME, :'NAME' and :\"NAME\" "
                    + "outside strings become the value, as it is, as a literal or as an identifier. \\set in the file "
                    + "sets them too. Repeatable.")
    Map<String, String> variables = new LinkedHashMap<>();
}
