package io.ringcache.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file, in order, each with the {@code readme-test}
 * directive written in an HTML comment on the line just above its fence (invisible when the
 * file is rendered):
 * <ul>
 *   <li>none: a {@code sh} block is run and must exit 0; other languages are not run;</li>
 *   <li>{@code skip: why}: not run, and the reason is required;</li>
 *   <li>{@code server NAME ready=URL}: started in the background and kept running, after
 *       stopping an earlier server of the same name; the next block runs once URL answers 200;</li>
 *   <li>{@code file NAME}: the block's text is saved as NAME (a config file, a script);</li>
 *   <li>{@code expect TEXT}: run, and its output must contain TEXT.</li>
 * </ul>
 */
record ReadmeBlocks(List<Block> blocks) {

    private static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^<!--\\s*readme-test:\\s*(.*?)\\s*-->\\s*$");

    /** One block: its first line's number (1-based), language, directive ("" if none) and text. */
    record Block(int line, String language, String directive, String text) {

        boolean isShell() {
            return language.equals("sh") || language.equals("bash");
        }

        String where() {
            return "README.md line " + line + (directive.isEmpty() ? "" : " [" + directive + "]");
        }
    }

    static ReadmeBlocks parse(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            Matcher directive = i > 0 ? DIRECTIVE.matcher(lines[i - 1]) : null;
            StringBuilder text = new StringBuilder();
            int start = i + 1;
            i++;
            while (i < lines.length && !lines[i].startsWith("```")) {
                text.append(lines[i]).append('\n');
                i++;
            }
            if (i == lines.length) {
                throw new IllegalArgumentException("README.md line " + start + ": code block never closed");
            }
            blocks.add(new Block(start, open.group(1),
                    directive != null && directive.matches() ? directive.group(1) : "", text.toString()));
        }
        return new ReadmeBlocks(List.copyOf(blocks));
    }
}
