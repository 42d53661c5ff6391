package io.arrowfamfs.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "completion",
        description = {
            "Print a shell completion script for every verb and option (picocli's,"
                    + " generated from this command line).",
            "bash: save it as /etc/bash_completion.d/arrow-famfs, or add"
                    + " 'source <(arrow-famfs completion)' to ~/.bashrc.",
            "zsh: add 'autoload -U +X compinit && compinit' and"
                    + " 'source <(arrow-famfs completion)' to ~/.zshrc (the script turns on zsh's bashcompinit itself)."
        },
        footer = "  arrow-famfs completion > /etc/bash_completion.d/arrow-famfs")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        spec.commandLine().getOut().print(AutoComplete.bash(root.name(), root.commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
