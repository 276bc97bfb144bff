SELECT (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'comment_actions_tenant_person_id_fkey')
       = 'FOREIGN KEY (tenant, person_id) REFERENCES crm.person(tenant, id)'
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname IN ('fk2', 'fk3'))
