package io.tcpwhy.cli;

import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.report.ReportException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr, {@code tcpwhy: <what and where>}, and an
 * exit status (the contract's, plus {@link ExitStatus#SOFTWARE} for bugs). A stack trace
 * follows only with {@code --debug}. Installed on the command line by {@link Main#run}.
 */
final class Errors implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {

    static final String PREFIX = "tcpwhy: ";
    static final String DEBUG_OPTION = "--debug";

    /** One line saying what went wrong and where, without the program-name prefix. */
    static String describe(Throwable e) {
        if (e instanceof CaptureFormatException || e instanceof ReportException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? "cannot be read" : f.getReason());
        }
        if (e instanceof IOException) {
            return String.valueOf(e.getMessage());
        }
        return "internal error: " + e + " (run with " + DEBUG_OPTION + " for the stack trace, and please report it)";
    }

    @Override
    public int getExitCode(Throwable e) {
        if (e instanceof ReportException) {
            return ExitStatus.OUTPUT_FAILED;
        }
        if (e instanceof IOException) {
            return ExitStatus.BAD_INPUT;
        }
        return ExitStatus.SOFTWARE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + describe(e));
        if (debugRequested(parseResult)) {
            e.printStackTrace(err);
        }
        err.flush();
        return getExitCode(e);
    }

    /**
     * Out of memory or stack: one line and {@link ExitStatus#OUT_OF_MEMORY}, never a stack
     * trace unless asked for. Whatever the command wrote before is kept (the caller flushes).
     */
    int handleResourceError(Error e, PrintWriter err, boolean debug) {
        String what = e instanceof StackOverflowError
                ? "ran out of stack (StackOverflowError); please report it, with the input if you can"
                : "ran out of memory (" + e.getMessage() + "); give Java more heap, e.g. TCPWHY_JAVA_OPTS=-Xmx4g,"
                        + " or split the capture";
        err.println(PREFIX + what + " (exit status " + ExitStatus.OUT_OF_MEMORY + ")");
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitStatus.OUT_OF_MEMORY;
    }

    /** Whether {@value #DEBUG_OPTION} is among the raw arguments (when parsing did not finish). */
    static boolean debugRequested(String[] args) {
        for (String arg : args) {
            if (DEBUG_OPTION.equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /** Usage errors: picocli's message (which names the option and the bad value) on one line. */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("bad arguments");
        cmd.getErr().println(PREFIX + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return ExitStatus.USAGE;
    }

    static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }
}
