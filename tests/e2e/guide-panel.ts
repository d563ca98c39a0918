// The guide's panel, read as assistive technology reads it (tests/e2e/closed-shadow.ts): its whole
// text, its progress line and its alert.
import type { Page } from 'playwright-core';
import { axText } from './closed-shadow';

export const GUIDE = 'Zoho setup guide';
export const panelText = async (page: Page) => (await axText(page, 'region', GUIDE)) ?? '';
export const stepText = (page: Page) => axText(page, 'region', GUIDE, '.progress');
export const alertText = (page: Page) => axText(page, 'region', GUIDE, '[role="alert"]');
