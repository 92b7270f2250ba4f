/** The home-visit program's connections, made at start-up: its measure for `village measure` and the API. */
import { getMeasure, registerMeasure } from '../measures/registry.ts';
import { HOME_VISIT_COVERAGE, homeVisitCoverageMeasure } from './measure.ts';

if (!getMeasure(HOME_VISIT_COVERAGE)) registerMeasure(homeVisitCoverageMeasure);
