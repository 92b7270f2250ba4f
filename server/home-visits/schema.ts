/** API input and output of the home-visit program: shared with the web app, so kept in common/. */
export * from '../../common/home-visits.ts';
