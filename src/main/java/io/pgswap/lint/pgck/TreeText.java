package io.pgswap.lint.pgck;

import io.pgswap.lint.model.Expression;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLLexer;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLParser.*;

/**
 * The text side of a parse tree of one statement: source slices, names and expressions as the
 * model keeps them. Shared by the statement and ALTER TABLE builders.
 */
abstract class TreeText {
    protected final Source source;
    protected final String text;
    protected final CommonTokenStream tokens;
    protected final int[] charOffsets;

    TreeText(Source source, CommonTokenStream tokens) {
        this.source = source;
        this.text = source.text();
        this.tokens = tokens;
        this.charOffsets = text.length() == text.codePointCount(0, text.length()) ? null : codePointOffsets(text);
    }

    List<RelationName> tables(Table_cols_listContext list) {
        List<RelationName> out = new ArrayList<>();
        if (list != null) {
            for (Inheritance_specified_table_colsContext t : list.inheritance_specified_table_cols()) {
                out.add(name(t.schema_qualified_name()));
            }
        }
        return out;
    }

    Expression expression(ParserRuleContext vex) {
        List<String> functions = new ArrayList<>();
        collectFunctions(vex, functions);
        List<List<String>> columns = new ArrayList<>();
        collectColumns(vex, columns);
        return new Expression(text(vex), functions, columns);
    }

    /** Column references: an identifier, with the name after its first {@code .} when there is one. */
    void collectColumns(ParseTree tree, List<List<String>> out) {
        if (tree instanceof Indirection_varContext v && v.identifier() != null) {
            List<String> parts = new ArrayList<>(List.of(ident(v.identifier())));
            Indirection_listContext list = v.indirection_list();
            if (list != null && !list.indirection().isEmpty() && list.indirection(0).col_label() != null) {
                parts.add(ident(list.indirection(0).col_label()));
            }
            out.add(parts);
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            collectColumns(tree.getChild(i), out);
        }
    }

    void collectFunctions(ParseTree tree, List<String> out) {
        if (tree instanceof Function_callContext f) {
            if (f.schema_qualified_name_nontype() != null) {
                out.add(String.join(".", parts(f.schema_qualified_name_nontype())));
            } else {
                String first = f.getStart().getText().toLowerCase(Locale.ROOT);
                if (!first.equals("cast") && !first.equals("treat") && !first.equals("row")) {
                    out.add(first);
                }
            }
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            collectFunctions(tree.getChild(i), out);
        }
    }

    static boolean cascade(Cascade_restrictContext c) {
        return c != null && c.getText().equalsIgnoreCase("cascade");
    }

    List<String> parameterNames(Storage_parametersContext p) {
        List<String> out = new ArrayList<>();
        for (Storage_parameter_optionContext o : p.storage_parameter_option()) {
            out.add(text(o.storage_parameter_name()).toLowerCase(Locale.ROOT).replace(" ", ""));
        }
        return out;
    }

    List<String> names(Names_in_parensContext n) {
        List<String> out = new ArrayList<>();
        for (Schema_qualified_nameContext q : n.names_references().schema_qualified_name()) {
            out.add(String.join(".", parts(q)));
        }
        return out;
    }

    List<String> names(Names_with_periodContext n) {
        List<String> out = new ArrayList<>();
        for (Schema_qualified_nameContext q : n.schema_qualified_name()) {
            out.add(last(parts(q)));
        }
        return out;
    }

    List<String> names(Names_without_overlapsContext n) {
        List<String> out = new ArrayList<>();
        for (Schema_qualified_nameContext q : n.schema_qualified_name()) {
            out.add(last(parts(q)));
        }
        return out;
    }

    RelationName name(ParserRuleContext qualified) {
        List<String> p = parts(qualified);
        int n = p.size();
        return n == 1 ? RelationName.of(p.get(0)) : new RelationName(p.get(n - 2), p.get(n - 1));
    }

    /** The identifiers of a dotted name, each unquoted or case-folded. */
    List<String> parts(ParserRuleContext qualified) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < qualified.getChildCount(); i++) {
            if (qualified.getChild(i) instanceof ParserRuleContext part) {
                out.add(ident(part));
            }
        }
        return out;
    }

    String ident(ParserRuleContext ctx) {
        return Identifiers.fold(text(ctx));
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    /** Up to max leading keywords of ctx, upper case: "CREATE FUNCTION", "ENABLE TRIGGER". */
    String kind(ParserRuleContext ctx, int max) {
        List<String> words = new ArrayList<>();
        for (int i = ctx.getStart().getTokenIndex(); i <= ctx.getStop().getTokenIndex() && words.size() < max; i++) {
            Token t = tokens.get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            String sym = SQLLexer.VOCABULARY.getSymbolicName(t.getType());
            String word = tokenText(t);
            if (sym == null || !sym.equalsIgnoreCase(word)) {
                break;
            }
            words.add(word.toUpperCase(Locale.ROOT));
        }
        return words.isEmpty() ? "OTHER" : String.join(" ", words);
    }

    static boolean has(ParserRuleContext ctx, int tokenType) {
        for (int i = 0; i < ctx.getChildCount(); i++) {
            if (ctx.getChild(i) instanceof TerminalNode t && t.getSymbol().getType() == tokenType) {
                return true;
            }
        }
        return false;
    }

    String text(ParserRuleContext ctx) {
        return text(ctx.getStart(), ctx.getStop());
    }

    String text(Token from, Token to) {
        return text.substring(offset(from.getStartIndex()), offset(to.getStopIndex() + 1));
    }

    String tokenText(Token t) {
        return text(t, t);
    }

    Source source(ParserRuleContext ctx) {
        return source(ctx.getStart(), ctx.getStop());
    }

    Source source(Token from, Token to) {
        return source.slice(offset(from.getStartIndex()), offset(to.getStopIndex() + 1));
    }

    /** ANTLR counts code points; Java strings count UTF-16 units. */
    int offset(int codePointIndex) {
        return charOffsets == null ? codePointIndex : charOffsets[codePointIndex];
    }

    static int[] codePointOffsets(String s) {
        int[] out = new int[s.codePointCount(0, s.length()) + 1];
        int cp = 0;
        for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
            out[cp++] = i;
        }
        out[cp] = s.length();
        return out;
    }
}
