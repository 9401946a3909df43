package io.tcpwhy.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tcpwhy completion bash|zsh}: prints the shell completion script picocli generates from
 * the command model ({@link AutoComplete#bash}), so it always knows every subcommand, option
 * and enum value of this build. zsh runs the same script through its bash compatibility layer
 * ({@code bashcompinit}), as picocli documents.
 */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for tcpwhy.",
            "bash: source <(tcpwhy completion bash)   (or save it in /etc/bash_completion.d/tcpwhy)",
            "zsh:  source <(tcpwhy completion zsh)    (e.g. in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells the script supports. */
    enum Shell { bash, zsh }

    /** zsh loads its bash completion emulation first; without it {@code complete} is unknown. */
    static final String ZSH_PRELUDE = "autoload -U +X compinit && compinit\n"
            + "autoload -U +X bashcompinit && bashcompinit\n";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        String script = AutoComplete.bash(root.name(), root.commandLine());
        spec.commandLine().getOut().print(shell == Shell.zsh ? ZSH_PRELUDE + script : script);
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }
}
