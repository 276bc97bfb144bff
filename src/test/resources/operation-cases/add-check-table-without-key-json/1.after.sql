UPDATE events SET kind = 'fixed' WHERE kind = '';
