#ifndef MEETDOWN_APP_MAINWINDOW_H
#define MEETDOWN_APP_MAINWINDOW_H

#include <QMainWindow>

namespace Meetdown {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the window for the command-line arguments and runs the event loop.
    static int launch(const QStringList &arguments);
};

} // namespace Meetdown

#endif
