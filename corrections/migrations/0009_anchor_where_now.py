import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('corrections', '0008_suggestion_search_trigram'),
        ('newsroom', '0003_current_revision_set_null'),
    ]

    operations = [
        migrations.AddField(
            model_name='suggestion',
            name='anchor_relocated',
            field=models.BooleanField(default=False, verbose_name='passage moved'),
        ),
        migrations.AddField(
            model_name='suggestion',
            name='anchor_lost_in',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='newsroom.revision', verbose_name='passage removed in revision'),
        ),
    ]
