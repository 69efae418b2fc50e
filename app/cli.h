#ifndef MEETDOWN_APP_CLI_H
#define MEETDOWN_APP_CLI_H

#include <QStringList>

class QTextStream;

namespace Meetdown {

// `meetdown SUBCOMMAND ...`: the same work as the window, with no display.
class Cli final
{
public:
    enum ExitCode
    {
        Ok = 0,
        Failed = 1,
        Usage = 2
    };

    // True when the arguments ask for the command line rather than the window.
    static bool wantsCommandLine(const QStringList &arguments);
    // arguments excludes the program name.
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
    static QString helpText();

    Cli() = delete;
};

} // namespace Meetdown

#endif
