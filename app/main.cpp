#include "cli.h"
#include "mainwindow.h"

#include <preview/previewview.h>

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    // Subcommands, --help and --version never touch the display.
    if (Meetdown::Cli::wantsCommandLine(arguments)) {
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        QTextStream err(stderr);
        const int code = Meetdown::Cli::run(app.arguments().mid(1), out, err);
        out.flush();
        err.flush();
        return code;
    }

    // Without a display Qt would abort with a platform-plugin error; say what to do instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fprintf(stderr, "meetdown: no display to open the window on. The commands work "
                             "without one; see 'meetdown --help'.\n");
        return 1;
    }
    // The preview's URL scheme must be known before the application object exists.
    Meetdown::PreviewView::registerUrlScheme();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Meetdown"));
    QApplication::setOrganizationName(QStringLiteral("Meetdown"));
    QApplication::setApplicationVersion(QStringLiteral(MEETDOWN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("meetdown"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/meetdown/icons/meetdown.svg")));
    return Meetdown::MainWindow::launch(app.arguments().mid(1));
}
