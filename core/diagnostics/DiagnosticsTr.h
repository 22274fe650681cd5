#pragma once
// DiagnosticsTr: the one translation context of the diagnostics library ("fw::diagnostics"). Texts
// of this library that reach the operator go through DiagnosticsTr::tr(), so lupdate files them
// together and a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct DiagnosticsTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::diagnostics)
};

} // namespace fw
