// The group PATCH fast path: member changes go straight to the group's member Map, so adding one member to a group of 100,000 is O(1), not SCIMMY's read-patch-write.
import type { Request, RequestHandler } from 'express';
import SCIMMY from 'scimmy';
import { PATCH_OP_SCHEMA, SCIM_CONTENT_TYPE } from '../protocol.js';
import type { ScimStore } from '../store.js';
import { guarded, scimError } from './errors.js';
import type { HandlerContext } from './handler-context.js';
import { planGroupPatch, type PatchOperation } from './group-patch-plan.js';

/**
 * PATCH /Groups/:id. A PATCH the plan does not understand goes on to SCIMMY (next()), which handles
 * it slowly but fully. `pointScimmyAt` and `contextFor` are the app's own, as SCIMMY's routes use.
 */
export function groupPatchRoute(
  store: ScimStore,
  pointScimmyAt: (req: Request) => void,
  contextFor: (req: Request) => HandlerContext,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const message = new SCIMMY.Messages.PatchOp(req.body);
      const id = req.params['id']!;
      const plan = planGroupPatch(message.Operations as PatchOperation[]);
      if (!plan) return next(); // SCIMMY handles it, slowly but fully
      pointScimmyAt(req);
      if (!store.getGroup(id)) throw scimError(404, null, `Resource ${id} not found`);
      // Check every member first, so a bad one leaves the group untouched.
      for (const step of plan.member) {
        if (step.kind === 'add' || step.kind === 'replace') guarded(() => store.validateMembers(id, step.members));
      }
      if (plan.other.length) {
        const ctx: HandlerContext = { store, omitMembers: true, keepMembers: true };
        await new SCIMMY.Resources.Group(id).patch({ schemas: [PATCH_OP_SCHEMA], Operations: plan.other as never }, ctx);
      }
      guarded(() => {
        for (const step of plan.member) {
          if (step.kind === 'add') store.addGroupMembers(id, step.members);
          else if (step.kind === 'replace') store.setGroupMembers(id, step.members);
          else if (step.kind === 'remove') store.removeGroupMembers(id, step.values);
          else store.setGroupMembers(id, []);
        }
      });
      // RFC 7644 §3.5.2 allows 204; the group (possibly huge) is returned only when the client
      // asks for it with attributes / excludedAttributes.
      if (req.query['attributes'] === undefined && req.query['excludedAttributes'] === undefined) {
        res.status(204).end();
        return;
      }
      const query = req.query as Record<string, string>;
      res.status(200).set('Content-Type', SCIM_CONTENT_TYPE).send(await new SCIMMY.Resources.Group(id, query).read(contextFor(req)));
    } catch (ex) {
      next(ex);
    }
  };
}
