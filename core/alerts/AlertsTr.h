#pragma once
// AlertsTr: the one translation context of the alerts library ("fw::alerts"): alert texts and
// rule validation messages go through AlertsTr::tr().

#include <QCoreApplication>

namespace fw {

struct AlertsTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::alerts)
};

} // namespace fw
