#pragma once
// IngestTr: the one translation context of the ingest library ("fw::ingest"). Texts of this
// library that reach the operator go through IngestTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct IngestTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::ingest)
};

} // namespace fw
