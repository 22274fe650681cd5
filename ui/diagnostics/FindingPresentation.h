#pragma once
// FindingPresentation: how a diagnosis finding looks wherever it is shown (the Diagnosis panel,
// the troubleshooter): its severity as an icon and a word, and its evidence as readable lines.

#include "diagnostics/FleetDiagnosis.h"

#include <QCoreApplication>
#include <QIcon>
#include <QStringList>

namespace fw {

class FindingPresentation
{
    // The texts were first written for the panel; they keep its translation context.
    Q_DECLARE_TR_FUNCTIONS(fw::DiagnosisPanel)
public:
    static QIcon severityIcon(Finding::Severity severity);
    static QString severityTitle(Finding::Severity severity); // translated
    // "port: 5023", "samples: 3 frame(s)"... one readable line per evidence field.
    static QStringList evidenceLines(const QJsonObject &evidence);
};

} // namespace fw
