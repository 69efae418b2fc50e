#include "preferencesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace Meetdown {

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent), m_author(new QLineEdit), m_maxWidth(new QSpinBox),
      m_askAltText(new QCheckBox(tr("Ask for alt text and a caption after a drop"))),
      m_remoteImages(new QCheckBox(tr("Load images from the web in the preview"))),
      m_style(new QComboBox), m_styleFile(new QLineEdit),
      m_chooseStyleFile(new QPushButton(tr("Choose…")))
{
    setWindowTitle(tr("Preferences"));
    const QSettings settings;
    m_author->setText(settings.value(QStringLiteral("author")).toString());
    m_author->setPlaceholderText(tr("Used for new meetup reports"));
    m_maxWidth->setRange(320, 8000);
    m_maxWidth->setSingleStep(100);
    m_maxWidth->setSuffix(tr(" px"));
    m_maxWidth->setValue(settings.value(QStringLiteral("photos/maxWidth"), 1600).toInt());
    m_askAltText->setChecked(settings.value(QStringLiteral("photos/askAltText"), true).toBool());
    m_remoteImages->setChecked(
        settings.value(QStringLiteral("preview/remoteImages"), true).toBool());
    // The same choices as View > Preview Style, under the same settings keys.
    m_style->setObjectName(QStringLiteral("previewStyle"));
    m_style->addItem(tr("Meetdown"), QStringLiteral("meetdown"));
    m_style->addItem(tr("Site (from _site)"), QStringLiteral("site"));
    m_style->addItem(tr("CSS file"), QStringLiteral("file"));
    m_style->setCurrentIndex(
        qMax(0, m_style->findData(
                    settings.value(QStringLiteral("preview/style"), QStringLiteral("meetdown")))));
    m_styleFile->setObjectName(QStringLiteral("previewStyleFile"));
    m_styleFile->setText(settings.value(QStringLiteral("preview/styleFile")).toString());
    m_styleFile->setPlaceholderText(tr("A .css file"));
    const auto enableFile = [this] {
        const bool file = m_style->currentData() == QLatin1String("file");
        m_styleFile->setEnabled(file);
        m_chooseStyleFile->setEnabled(file);
    };
    enableFile();
    connect(m_style, &QComboBox::currentIndexChanged, this, enableFile);
    connect(m_chooseStyleFile, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Preview Style"), m_styleFile->text(),
                                         tr("Stylesheets (*.css);;All files (*)"));
        if (!file.isEmpty())
            m_styleFile->setText(file);
    });

    auto *form = new QFormLayout(this);
    form->addRow(tr("Author:"), m_author);
    form->addRow(tr("Photo width:"), m_maxWidth);
    auto *note =
        new QLabel(tr("Wider photos are scaled down and saved again, which also removes their "
                      "location data."));
    note->setWordWrap(true);
    form->addRow(QString(), note);
    form->addRow(QString(), m_askAltText);
    form->addRow(QString(), m_remoteImages);
    form->addRow(tr("Preview style:"), m_style);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_styleFile, 1);
    fileRow->addWidget(m_chooseStyleFile);
    form->addRow(tr("CSS file:"), fileRow);
    auto *styleNote = new QLabel(tr("The site's style is read from the built site: build it with "
                                    "<code>jekyll build</code> first."));
    styleNote->setWordWrap(true);
    form->addRow(QString(), styleNote);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void PreferencesDialog::accept()
{
    const QString styleFile = m_styleFile->text().trimmed();
    if (m_style->currentData() == QLatin1String("file") && !QFileInfo(styleFile).isFile()) {
        QMessageBox::warning(this, windowTitle(), tr("Choose a CSS file for the preview's style."));
        m_styleFile->setFocus();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("preview/style"), m_style->currentData());
    if (!styleFile.isEmpty())
        settings.setValue(QStringLiteral("preview/styleFile"), styleFile);
    settings.setValue(QStringLiteral("author"), m_author->text().trimmed());
    settings.setValue(QStringLiteral("photos/maxWidth"), m_maxWidth->value());
    settings.setValue(QStringLiteral("photos/askAltText"), m_askAltText->isChecked());
    settings.setValue(QStringLiteral("preview/remoteImages"), m_remoteImages->isChecked());
    QDialog::accept();
}

} // namespace Meetdown
