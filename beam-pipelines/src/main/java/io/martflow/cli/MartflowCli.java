package io.martflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "martflow", mixinStandardHelpOptions = true, version = "martflow 0.1.0")
public final class MartflowCli implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new MartflowCli()).execute(args));
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
