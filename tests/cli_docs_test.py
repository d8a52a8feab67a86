#!/usr/bin/env python3
"""kiji's --help, README, man page and bash completion agree (ctest CliDocsTest).

usage: cli_docs_test.py KIJI SOURCE_DIR MAN_PAGE

For every command (from `kiji --help`): each flag of `kiji COMMAND --help`
is named in the README and offered by the bash completion for that command;
the man page has a section for the command; and the completion completes
command names and flags in a real bash.
"""

import re
import subprocess
import sys


def fail(why):
    sys.exit("cli docs test: " + why)


def flags_of(help_text):
    """The flags of one --help text: every -x and --long in its option lines."""
    flags = set()
    for line in help_text.splitlines():
        m = re.match(r"^  (-[^ ]+)", line)
        if m:
            for f in m.group(1).split(","):
                f = re.split(r"[ =:]", f)[0]
                if f.startswith("-"):
                    flags.add(f)
    return flags


def main():
    kiji, source, man_page = sys.argv[1:4]
    top = subprocess.run([kiji, "--help"], capture_output=True, text=True, check=True).stdout
    commands = re.findall(r"^  ([a-z]+) {2,}", top.split("Subcommands:")[1], re.M)
    if sorted(commands) != sorted(["ingest", "merge", "extract", "names", "reconcile", "export", "review", "match"]):
        fail(f"commands in --help: {commands}")
    readme = open(f"{source}/README.md", encoding="utf-8").read()
    completion_path = f"{source}/scripts/kiji-completion.bash"
    completion = open(completion_path, encoding="utf-8").read()
    man = open(man_page, encoding="utf-8").read()
    checked = 0
    for cmd in commands:
        if f"kiji {cmd}" not in readme:
            fail(f"the README never shows `kiji {cmd}`")
        if f'.SS "kiji {cmd}"' not in man:
            fail(f"the man page has no section for kiji {cmd}")
        text = subprocess.run([kiji, cmd, "--help"], capture_output=True, text=True,
                              check=True).stdout
        m = re.search(rf"^    {cmd}\) flags=\"([^\"]*)\"", completion, re.M)
        if not m:
            fail(f"the completion has no flags for {cmd}")
        offered = set(m.group(1).replace("$common", "").split())
        common = re.search(r'local common="([^"]*)"', completion).group(1).split()
        if "$common" in m.group(1):
            offered |= set(common)
        for flag in sorted(flags_of(text)):
            checked += 1
            if flag.startswith("--") and flag not in readme:
                fail(f"kiji {cmd} {flag} is not in the README")
            if flag not in offered:
                fail(f"kiji {cmd} {flag} is not offered by {completion_path}")
    # The completion in a real bash: command names, then a command's flags.
    def complete(words):
        script = (f"source {completion_path}; COMP_WORDS=({words}); "
                  f"COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); _kiji; "
                  "printf '%s\\n' \"${COMPREPLY[@]}\"")
        return subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                              check=True).stdout.split()
    if complete("kiji ex") != ["extract", "export"]:
        fail(f"kiji ex<TAB>: {complete('kiji ex')}")
    if "--since" not in complete("kiji export --s"):
        fail(f"kiji export --s<TAB>: {complete('kiji export --s')}")
    if complete("kiji export --format c") != ["csv"]:
        fail(f"--format c<TAB>: {complete('kiji export --format c')}")
    print(f"cli docs test passed: {len(commands)} commands, {checked} flags")


if __name__ == "__main__":
    main()
