#pragma once
// ReportsTr: the one translation context of the reports library ("fw::reports"), so lupdate
// files its texts together whichever class they are in.

#include <QCoreApplication>

namespace fw {

struct ReportsTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::reports)
};

} // namespace fw
