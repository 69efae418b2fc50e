#include "mainwindow.h"

#include <QApplication>

namespace Meetdown {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Meetdown"));
}

MainWindow::~MainWindow() = default;

int MainWindow::launch(const QStringList &arguments)
{
    Q_UNUSED(arguments);
    MainWindow window;
    window.show();
    return QApplication::exec();
}

} // namespace Meetdown
