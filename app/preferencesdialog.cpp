#include "preferencesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>

namespace Meetdown {

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_author(new QLineEdit)
    , m_maxWidth(new QSpinBox)
    , m_askAltText(new QCheckBox(tr("Ask for alt text and a caption after a drop")))
    , m_remoteImages(new QCheckBox(tr("Load images from the web in the preview")))
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
    m_remoteImages->setChecked(settings.value(QStringLiteral("preview/remoteImages"), true).toBool());

    auto *form = new QFormLayout(this);
    form->addRow(tr("Author:"), m_author);
    form->addRow(tr("Photo width:"), m_maxWidth);
    auto *note = new QLabel(tr("Wider photos are scaled down and saved again, which also removes their "
                               "location data."));
    note->setWordWrap(true);
    form->addRow(QString(), note);
    form->addRow(QString(), m_askAltText);
    form->addRow(QString(), m_remoteImages);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void PreferencesDialog::accept()
{
    QSettings settings;
    settings.setValue(QStringLiteral("author"), m_author->text().trimmed());
    settings.setValue(QStringLiteral("photos/maxWidth"), m_maxWidth->value());
    settings.setValue(QStringLiteral("photos/askAltText"), m_askAltText->isChecked());
    settings.setValue(QStringLiteral("preview/remoteImages"), m_remoteImages->isChecked());
    QDialog::accept();
}

} // namespace Meetdown
