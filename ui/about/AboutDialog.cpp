#include "AboutDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QSysInfo>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtGlobal>

// Set for this file by ui/CMakeLists.txt; defaults keep the file usable elsewhere.
#ifndef FW_BUILD_TYPE
#define FW_BUILD_TYPE ""
#endif
#ifndef FW_COMPILER
#define FW_COMPILER ""
#endif
#ifndef FW_VERSION
#define FW_VERSION "0.0.0"
#endif

// Q_INIT_RESOURCE must be used outside any namespace; the resource sits in a static library.
static void initAboutResources()
{
    Q_INIT_RESOURCE(about);
}

namespace fw {

namespace {
QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

QString compilerText()
{
    const QString fromBuild = QStringLiteral(FW_COMPILER).trimmed();
    if (!fromBuild.isEmpty())
        return fromBuild;
#if defined(__clang__)
    return QStringLiteral("Clang " __clang_version__);
#elif defined(__GNUC__)
    return QStringLiteral("GCC %1.%2.%3").arg(__GNUC__).arg(__GNUC_MINOR__).arg(__GNUC_PATCHLEVEL__);
#elif defined(_MSC_VER)
    return QStringLiteral("MSVC %1").arg(_MSC_FULL_VER);
#else
    return AboutDialog::tr("unknown");
#endif
}

QString buildTypeText()
{
    const QString type = QStringLiteral(FW_BUILD_TYPE);
    if (!type.isEmpty())
        return type;
#ifdef QT_NO_DEBUG
    return AboutDialog::tr("release (no build type set)");
#else
    return AboutDialog::tr("debug (no build type set)");
#endif
}

struct BuildRow
{
    QString label;
    QString value;
};

QList<BuildRow> buildRows()
{
    return {
        { AboutDialog::tr("FleetWatch version"), QStringLiteral(FW_VERSION) },
        { AboutDialog::tr("Built with Qt"), QStringLiteral(QT_VERSION_STR) },
        { AboutDialog::tr("Running on Qt"), QString::fromLatin1(qVersion()) },
#ifdef QT_STATIC
        { AboutDialog::tr("Qt libraries"), AboutDialog::tr("static") },
#else
        { AboutDialog::tr("Qt libraries"), AboutDialog::tr("shared") },
#endif
        { AboutDialog::tr("Compiler"), compilerText() },
        { AboutDialog::tr("Build type"), buildTypeText() },
        { AboutDialog::tr("Architecture"), QSysInfo::buildAbi() },
        { AboutDialog::tr("Operating system"), QSysInfo::prettyProductName() },
    };
}

QTextBrowser *documentBrowser()
{
    auto *browser = new QTextBrowser;
    browser->setOpenExternalLinks(true);
    browser->setMinimumSize(560, 360);
    return browser;
}
} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_tabs(new QTabWidget(this))
{
    initAboutResources();
    setWindowTitle(tr("About FleetWatch"));
    setWindowIcon(applicationIcon());

    // Header: icon, name, version, one line on what FleetWatch is.
    auto *iconLabel = new QLabel;
    iconLabel->setPixmap(applicationIcon().pixmap(64, 64));
    auto *title = new QLabel(tr("<h2>FleetWatch</h2>"));
    title->setTextFormat(Qt::RichText);
    auto *version = new QLabel(tr("Version %1").arg(QStringLiteral(FW_VERSION)));
    version->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *headerText = new QVBoxLayout;
    headerText->addWidget(title);
    headerText->addWidget(version);
    headerText->addStretch();
    auto *header = new QHBoxLayout;
    header->addWidget(iconLabel, 0, Qt::AlignTop);
    header->addLayout(headerText, 1);

    // About
    auto *about = new QLabel(
        tr("<p>FleetWatch is a desktop fleet monitor for GPS trackers: it answers the trackers, "
           "stores what they report and shows why a device is not online.</p>"
           "<p>Copyright © FleetWatch developers. FleetWatch is free software under the MIT "
           "licence; binary packages include Qt, used under the LGPLv3 and, for Qt Charts, the "
           "GPLv3.</p>"
           "<p>Map data © OpenStreetMap contributors (ODbL) where OpenStreetMap tiles are shown. "
           "Country outlines: Natural Earth (public domain).</p>"
           "<p><a href=\"%1\">%1</a></p>")
            .arg(QStringLiteral("https://fleetwatch.example.org")));
    about->setWordWrap(true);
    about->setTextFormat(Qt::RichText);
    about->setOpenExternalLinks(true);
    about->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    about->setContentsMargins(8, 8, 8, 8);
    m_tabs->addTab(about, tr("&About"));

    // Build information, and a button to copy it for bug reports.
    auto *buildPage = new QWidget;
    auto *form = new QFormLayout;
    for (const BuildRow &row : buildRows()) {
        auto *value = new QLabel(row.value);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(tr("%1:").arg(row.label), value);
    }
    auto *copy = new QPushButton(tr("&Copy build information"));
    connect(copy, &QPushButton::clicked, this,
            [] { QGuiApplication::clipboard()->setText(buildInformation()); });
    auto *buildLayout = new QVBoxLayout(buildPage);
    buildLayout->addLayout(form);
    buildLayout->addStretch();
    buildLayout->addWidget(copy, 0, Qt::AlignLeft);
    m_tabs->addTab(buildPage, tr("&Build"));

    // Third-party notices (Markdown) and the licence (plain text).
    QTextBrowser *notices = documentBrowser();
    notices->setMarkdown(thirdPartyNotices());
    m_tabs->addTab(notices, tr("&Third-party notices"));
    QTextBrowser *licence = documentBrowser();
    licence->setPlainText(licenceText());
    m_tabs->addTab(licence, tr("&Licence"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
}

void AboutDialog::setCurrentPage(Page page)
{
    m_tabs->setCurrentIndex(static_cast<int>(page));
}

AboutDialog::Page AboutDialog::currentPage() const
{
    return static_cast<Page>(m_tabs->currentIndex());
}

QString AboutDialog::buildInformation()
{
    QString text;
    for (const BuildRow &row : buildRows())
        text += tr("%1: %2").arg(row.label, row.value) + QLatin1Char('\n');
    return text;
}

QString AboutDialog::thirdPartyNotices()
{
    initAboutResources();
    const QString text = readResource(QStringLiteral(":/fleetwatch/about/THIRD_PARTY_NOTICES.md"));
    return text.isEmpty() ? tr("The third-party notices are missing from this build.") : text;
}

QString AboutDialog::licenceText()
{
    initAboutResources();
    const QString text = readResource(QStringLiteral(":/fleetwatch/about/LICENSE"));
    return text.isEmpty() ? tr("The licence text is missing from this build.") : text;
}

QIcon AboutDialog::applicationIcon()
{
    initAboutResources();
    return QIcon(QStringLiteral(":/fleetwatch/about/fleetwatch.svg"));
}

} // namespace fw
